print("skillsmock")
