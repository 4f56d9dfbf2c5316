# `kgq run -` runs each statement as it arrives: the first result is written while the
# pipe still waits to send the second statement.
out=$TMPDIR/stream.out
{
  echo 'RETURN 1 AS first;'
  seen=no
  for i in $(seq 200); do
    if grep -q first "$out" 2>/dev/null; then seen=yes; break; fi
    sleep 0.05
  done
  echo "$seen" > "$TMPDIR/seen"
  echo 'RETURN 2 AS second;'
} | $KGQ --empty run - > "$out"
echo "exit=$?"
cat "$out"
echo "first result out before the second statement was sent: $(cat "$TMPDIR/seen")"
