"""Backups: one encrypted archive of the database, the vault and the keys, and its restore."""
