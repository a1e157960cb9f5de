"""Site glue for Community Playbook: the calculator fence and the MkDocs hooks."""
