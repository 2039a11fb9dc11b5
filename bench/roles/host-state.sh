# What a systemd host holds after a role ran (run as root on the host, its own address in $1):
# files under /etc, /opt, /srv, /usr/local and /var/lib that a role may write (path, mode, owner,
# SHA-1 of the content with the host's own address written ADDRESS), running and enabled units,
# mounts, swap, sysctl values that hardening roles set. What differs between twin hosts by
# nature (ssh host keys, machine-id, random seeds, journals, logs, caches) is left out.
address=$1
find /etc /opt /srv /usr/local /var/lib -xdev \( -type f -o -type l \) \
  ! -path '/etc/ssh/ssh_host_*' ! -path /etc/machine-id ! -path /var/lib/dbus/machine-id \
  ! -path '/var/lib/systemd/*' ! -path '/var/lib/apt/*' ! -path '/var/lib/dpkg/*' ! -path /etc/ld.so.cache \
  ! -path '/var/lib/private/*' ! -path '/etc/.pwd.lock' 2>/dev/null | sort | while read -r f; do
  if [ -L "$f" ]; then echo "$f -> $(readlink "$f")"; continue; fi
  echo "$f $(stat -c '%a %U:%G' "$f") $(sed "s/$address/ADDRESS/g" "$f" | sha1sum | cut -c1-12)"
done
echo '--- units'
systemctl list-units --type=service,socket,timer --state=running,listening,waiting --no-legend --plain 2>/dev/null | awk '{print $1, $3, $4}' | sort
systemctl list-unit-files --state=enabled --no-legend 2>/dev/null | awk '{print $1}' | sort
echo '--- mounts'
findmnt -rn -o TARGET,FSTYPE | grep -v -e '^/proc' -e '^/sys' -e '^/dev' -e '^/run' | sort
cat /proc/swaps | tail -n +2 | awk '{print $1, $2}'
