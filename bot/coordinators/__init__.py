"""The alliance's coordinators: data types shared by their service, views and handlers."""
