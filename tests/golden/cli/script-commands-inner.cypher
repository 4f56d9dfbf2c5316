:param inner => 41 + 1
RETURN $inner AS inner;
