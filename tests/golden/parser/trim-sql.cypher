RETURN trim(LEADING 'x' FROM 'xxa') AS a, trim('b') AS b
