"""After a workshop, as plain data and pure rules: audiences, next steps and their dates."""
