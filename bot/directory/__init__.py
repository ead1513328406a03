"""The partner directory's data classes and pure rules, shared by its service, views, handlers."""
