"""Open311 GeoReport v2 under /open311/v2/: the city's services and service requests for other
systems, in JSON and XML as the specification writes them (`documents`), served by `views`."""
