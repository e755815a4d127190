"""Hostile input (issue 6, point 2): nasty values posted to every form of the portal.

Hypothesis draws, for each field of a form, either a valid value or a nasty one (very
long text, emoji, control characters, NUL bytes, RTL marks, HTML and ``<script>``, SQL
fragments, impossible dates, negative and huge numbers, empty and blank text, invalid
choices and ids, several values for one field, a missing field, bytes that are not
UTF-8, files that are not images). It sends them as the role that may use the form and
asserts:

- no answer is a 500 (the test client re-raises a view's exception, so a crash fails
  with its traceback);
- a form shown again, a refusal (403/404/429) or an error message saved nothing: the
  row counts of the portal's apps and the edited row are unchanged (a GET never
  writes at all);
- the page never echoes a typed ``<script>`` or ``<img onerror>`` unescaped.

Every example runs in a savepoint that is rolled back, so the data the ``world``
fixture built once is the same for each example (hypothesis does not re-run function
fixtures between examples); the cache (rate-limit counters) is cleared per example.
"""
