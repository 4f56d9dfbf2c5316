MATCH SHORTEST 1 (p = (a)--+(b) WHERE length(p) > 1) RETURN p
