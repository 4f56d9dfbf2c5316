RETURN 1 /* never
