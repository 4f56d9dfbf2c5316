RETURN "café"
