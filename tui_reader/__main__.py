from tui_reader.main import main

raise SystemExit(main())
