"""A GitHub Actions runner inside the environment's VPC (AWS CodeBuild-hosted)."""
