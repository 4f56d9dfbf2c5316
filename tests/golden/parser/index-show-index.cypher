show index
