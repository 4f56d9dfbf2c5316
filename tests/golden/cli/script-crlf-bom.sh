# A script with a UTF-8 byte order mark and CRLF line endings runs, and errors still
# point at the right line and column.
printf '\xef\xbb\xbfRETURN 1 AS one;\r\n\r\nRETURN 2 AS two,\r\n       nope AS three;\r\n' > "$TMPDIR/crlf.cypher"
cd "$TMPDIR" && $KGQ --empty --format csv run crlf.cypher
