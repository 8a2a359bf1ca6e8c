"""Errors of the local target's commands (``up``, ``down``, the cdktf CLI against it)."""

from __future__ import annotations


class LocalDeploymentError(RuntimeError):
    """A step of the local deployment failed; the message says what to do next."""


class CorruptWorkspaceError(LocalDeploymentError):
    """A file in the workspace cannot be read as what it should be; the one-line message
    names the file, what is wrong and how to recover."""
