"""The ECR repositories of the services and who may push to them."""
