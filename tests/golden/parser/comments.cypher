// leading comment
MATCH (n) /* inline
comment */ RETURN n // trailing
