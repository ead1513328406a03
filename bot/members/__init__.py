"""Members' records and the pure rules of their answers, shared by services, handlers and views."""
