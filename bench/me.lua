-- wrk script: signed-in GET /api/v1/me with the token from the environment.
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("YORISOI_TOKEN")
