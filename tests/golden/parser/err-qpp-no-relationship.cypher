MATCH (a) ((b)){2} RETURN a
