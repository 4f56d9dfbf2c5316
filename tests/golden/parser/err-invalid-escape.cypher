RETURN 'a\qb'
