"""The JSON API (`/api/v1/`): reports, their events after a cursor, and status actions, for the
city's other systems; bearer tokens per operator or per system with the pages' role and agency
rules (`views`), described by an OpenAPI 3.1 document (`openapi`)."""
