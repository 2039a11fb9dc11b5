"""Renders the template for hosts 1..N with Ansible's templar, as the template module does
(trailing newlines kept, no backslash escaping), and prints the time and a digest in JSON."""
import hashlib
import json
import os
import sys
import time

from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar

template_file, vars_file = sys.argv[1:3]
with open(template_file) as f:
    template = f.read()
with open(vars_file) as f:
    all_vars = json.load(f)
templar = Templar(loader=DataLoader())
digest = hashlib.sha256()
outputs = []
started = time.perf_counter()
for host_vars in all_vars:
    templar.available_variables = host_vars
    out = templar.template(template, preserve_trailing_newlines=True, escape_backslashes=False, convert_data=False)
    outputs.append(out)
    digest.update(out.encode())
seconds = time.perf_counter() - started
with open(os.environ.get('FIRST_OUTPUT', '/dev/null'), 'w') as f:
    f.write(outputs[0])
print(json.dumps({'seconds': seconds, 'digest': digest.hexdigest()}))
