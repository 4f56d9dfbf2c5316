MATCH (`my node`:`Odd Label` {`a key`: 1}) RETURN `my node`.`a key` AS `x``y`
