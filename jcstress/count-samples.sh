# Sourced by run.sh and run-full-by-class.sh.
#
# count_samples JAR DIR: prints the number of samples of the JCStress run whose results blob is in
# DIR (0 if there is none). JCStress's summary prints tables only for interesting and failed tests,
# so the blob is re-read verbosely (into DIR/results-verbose.txt, with the HTML report in
# DIR/report) and every outcome's count summed. Printed with "%.0f": mawk's plain print shows a sum
# past 2^31 as 3.10341e+09, and its "%d" stops at 2147483647.
count_samples() {
  local jar="$1" dir="$2" blob
  blob=$(ls "$dir"/jcstress-results-*.bin.gz 2>/dev/null | head -1 || true)
  if [[ -z "$blob" ]]; then
    echo 0
    return
  fi
  (cd "$dir" && java -jar "$jar" -p "$blob" -v -r "$dir/report") \
    > "$dir/results-verbose.txt" 2>&1 || true
  grep -oE '[0-9,]+ +[<0-9.]+% +(Acceptable|Interesting|Forbidden|Unknown)' "$dir/results-verbose.txt" \
    | awk '{ gsub(",", "", $1); total += $1 } END { printf "%.0f\n", total }'
}
