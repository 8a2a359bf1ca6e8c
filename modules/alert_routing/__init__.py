"""Who hears of an alert of each severity: e-mail, PagerDuty, Slack through AWS Chatbot."""
