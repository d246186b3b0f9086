from heymarket_mock.cli import main

raise SystemExit(main())
