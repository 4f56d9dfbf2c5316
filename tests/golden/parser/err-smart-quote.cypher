RETURN “hello”
