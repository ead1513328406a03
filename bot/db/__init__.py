"""The database: models, sessions, migrations API, backups, repositories (queries, no commits)."""
