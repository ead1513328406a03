"""Coordinators' broadcasts and pushes: data types shared by their service, views, handlers."""
