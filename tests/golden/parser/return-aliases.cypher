RETURN 1 AS one, 'two' AS `second column`, 1 + 2
