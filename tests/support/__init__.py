"""Helpers shared by the tests of every folder, imported as ``tests.support.<module>``.

- ``paths``: ``ROOT``, ``SPEC_PATH`` and ``FIXTURES`` (tests/fixtures/);
- ``fakes``: the made-up credentials (canaries the leak checks look for) and ``assert_no_secret``, re-exported
  from ``heymarket_mock.fakes`` (the benchmarks and consumers' tests use that module);
- ``tokens``: ``mint_jwt`` and ``bearer`` (tokens as the vendor documents them), ``decode_token`` and
  ``bearer_token`` (check the token a client sent);
- ``clocks``: ``FakeClock``, ``VirtualTime`` (one clock for client and stand-in) and ``runtime_client``;
- ``loopback``: a real HTTP server on 127.0.0.1 that records requests and answers from a script;
- ``standin``: the stand-in in this process (``StandInServer``, ``standin_config``) or in a child process started
  by the consumer test kit (``StandInChild``);
- ``spec``: openapi.yaml and validation of JSON values against its schemas;
- ``cli``: the ``heymarket`` command as a subprocess, and readers of its output.

Fixtures live in the conftest.py files: tests/conftest.py (loopback-only network, no HEYMARKET_* settings,
``loopback``, ``clock``) and one per folder that shares more.
"""
