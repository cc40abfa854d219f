-- Adds the Authorization header from the AUTH environment variable to every wrk request.
wrk.headers["Authorization"] = os.getenv("AUTH") or ""
