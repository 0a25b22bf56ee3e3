"""The build's tooling: everything the MkDocs hooks do, as plain Python."""
