"""Renders a batch of templates with Ansible's own templar (ansible-core's Jinja2 environment,
its filter and test plugins, AnsibleUndefined, trim_blocks), as a task's arguments are rendered.

stdin: {"vars": {...}, "templates": ["...", ...]}; stdout: one result per template, in order:
{"ok": "<rendered text>"} or {"error": "undefined" | "syntax" | "error", "detail": "..."}.
"""
import json
import sys

from jinja2.exceptions import TemplateSyntaxError, TemplateAssertionError
from ansible.errors import AnsibleError, AnsibleUndefinedVariable
from ansible.module_utils._text import to_text
from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar


def classify(error):
    if isinstance(error, AnsibleUndefinedVariable):
        return 'undefined'
    seen = error
    while seen is not None:
        if isinstance(seen, TemplateSyntaxError) and not isinstance(seen, TemplateAssertionError):
            return 'syntax'
        seen = getattr(seen, 'orig_exc', None) or seen.__cause__
    return 'error'


def main():
    batch = json.load(sys.stdin)
    templar = Templar(loader=DataLoader(), variables=batch['vars'])
    results = []
    for template in batch['templates']:
        try:
            out = templar.template(template, convert_data=False, fail_on_undefined=True)
            results.append({'ok': to_text(out)})
        except (AnsibleError, Exception) as error:  # every failure is a result to compare
            results.append({'error': classify(error), 'detail': to_text(error)[:300]})
    json.dump(results, sys.stdout)


main()
