"""The AWS Config recorder, its delivery channel and the managed rules."""
