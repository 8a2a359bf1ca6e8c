"""Where the account's CloudTrail trail logs to and what it records."""
