"""The database: engine and sessions (`database`), tables (`models`), migrations, and every SQL
statement of the gateway, one module per aggregate (`reports`, `messages`, `calls`, ...) and per
page that reads (`queue`, `details`, `statistics`). Nothing outside this package imports
SQLAlchemy; `make lint` checks it."""
