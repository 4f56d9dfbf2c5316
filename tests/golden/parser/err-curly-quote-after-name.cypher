RETURN a“b”
