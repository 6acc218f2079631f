# Shared by bench/chaos.sh and bench/nschaos.sh: seeded draws of faults.
# The caller sets RANDOM from its seed and the array faults; next_fault sets $fault to the next
# fault of the current shuffle of the whole list, starting a new shuffle when it is used up, so
# that any run of as many rounds as there are faults injects each one once.
bag=()
next_fault() {
  if [ ${#bag[@]} -eq 0 ]; then
    bag=("${faults[@]}")
    local i j t
    for (( i = ${#bag[@]} - 1; i > 0; i-- )); do
      j=$(( RANDOM % (i + 1) )); t="${bag[i]}"; bag[i]="${bag[j]}"; bag[j]="$t"
    done
  fi
  fault="${bag[0]}"; bag=("${bag[@]:1}")
}

# Whether fsck says HEALTHY within 90 s (re-replication after a lost DataNode takes a while);
# $1 is the command that runs bin/quern.
fsck_healthy() {
  local deadline=$(( $(date +%s) + 90 ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    "$1" fsck / 2>/dev/null | grep -q HEALTHY && return 0
    sleep 2
  done
  return 1
}
