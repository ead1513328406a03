"""The weekly digest: matching opportunities to a member, rendering and splitting the message."""
