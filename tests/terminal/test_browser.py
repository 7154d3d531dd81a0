"""Links go to the browser without the browser's output reaching the TUI."""

from __future__ import annotations

from pathlib import Path

from tests.terminal.test_daily_loop import cli, start_and_quit
from tests.tmux import Tmux, needs_tmux

pytestmark = needs_tmux

LINKS = [f"https://example.com/link-{n}" for n in range(1, 12)]


def links_feed(path: Path) -> None:
    body = " ".join(f'&lt;a href="{url}"&gt;word{n}&lt;/a&gt;' for n, url in enumerate(LINKS, 1))
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Links feed</title>'
        "<item><title>Many links today</title><link>https://example.com/article</link>"
        f"<guid>l1</guid><description>&lt;p&gt;{body}&lt;/p&gt;</description>"
        "<pubDate>Mon, 01 Jan 2035 10:00:00 GMT</pubDate></item></channel></rss>"
    )


def home_with_browser(tmux: Tmux, tmp_path: Path) -> tuple[Path, Path]:
    """A home with the links feed and a `browser` that chatters and records its URL."""
    home = tmp_path / "home"
    got = tmp_path / "got-url"
    script = tmp_path / "browser.sh"
    script.write_text(
        "#!/bin/sh\necho JUNK-ON-STDOUT\necho JUNK-ON-STDERR >&2\n"
        f'printf "%s" "$1" > {got}.tmp && mv {got}.tmp {got}\n'
    )
    script.chmod(0o755)
    feed = tmp_path / "links.xml"
    links_feed(feed)
    cli(home, "add", str(feed))
    (home / "config.toml").write_text(f'browser = "{script} %s"\n')
    start_and_quit(tmux, home, "--offline")
    return home, got


def open_links_article(tmux: Tmux, home: Path) -> None:
    tmux.start_app(home, "--offline")
    tmux.wait_for("Many links today")
    tmux.keys("Enter")
    tmux.wait_for("word11")


def test_browser_output_never_reaches_the_screen(tmux: Tmux, tmp_path: Path) -> None:
    home, got = home_with_browser(tmux, tmp_path)
    open_links_article(tmux, home)
    tmux.keys("o")
    tmux.wait_until(lambda _: got.exists(), "the browser got the URL")
    assert got.read_text() == "https://example.com/article"
    # The script printed before it wrote the file: anything on the terminal is there by now,
    # and redrawing it is the app's own doing, so wait for the app to draw once more.
    tmux.keys("K")  # it is the first article: the app says so
    screen = tmux.wait_for("No more articles above")
    assert "JUNK" not in screen
    tmux.keys("q", "q")
    tmux.wait_exit()


def test_zero_opens_link_ten(tmux: Tmux, tmp_path: Path) -> None:
    home, got = home_with_browser(tmux, tmp_path)
    open_links_article(tmux, home)
    tmux.keys("0")
    tmux.wait_until(lambda _: got.exists(), "the browser got link 10")
    assert got.read_text() == LINKS[9]
    tmux.keys("q", "q")
    tmux.wait_exit()


def test_ctrl_l_paints_over_what_another_program_wrote(tmux: Tmux, used_home: Path) -> None:
    tmux.start_app(used_home, "--offline")
    tmux.wait_for("Humanitarian Groups")
    # The last delayed work of the first screen is the related pane: once it is drawn the
    # app is idle, and nothing but Ctrl+L will paint over what is written next.
    tmux.wait_for("With Call for Myanmar Dialogue")  # the related pane; the list cuts it
    tty = tmux("display-message", "-p", "-t", "t", "#{pane_tty}").strip()

    def stray_written(screen: str) -> bool:
        if "STRAY-OUTPUT" in screen:
            return True
        with open(tty, "w") as terminal:  # what a stray background program does
            terminal.write("\x1b[30;60HSTRAY-OUTPUT")
        return False

    tmux.wait_until(stray_written, "the stray output on screen")
    tmux.keys("C-l")
    screen = tmux.wait_gone("STRAY-OUTPUT")
    assert "Humanitarian Groups" in screen
    tmux.keys("q")
    tmux.wait_exit()


def test_o_typed_right_after_a_move_opens_the_row_moved_to(tmux: Tmux, tmp_path: Path) -> None:
    """`j o` in one burst opens the second article's page, not the first's: the reader,
    which follows the cursor a moment later, catches up before `o` acts."""
    home, got = home_with_browser(tmux, tmp_path)
    second = tmp_path / "second.xml"
    second.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Older feed</title>'
        "<item><title>An older story</title><link>https://example.com/older</link>"
        "<guid>o1</guid><description>Older words.</description>"
        "<pubDate>Mon, 01 Jan 2024 10:00:00 GMT</pubDate></item></channel></rss>"
    )
    cli(home, "add", str(second))
    tmux.start_app(home, "--offline")
    tmux.wait_for("word11")  # the newest article, in the reader: the list has the focus
    tmux.burst("j", "o")
    tmux.wait_until(lambda _: got.exists(), "the browser got the URL")
    assert got.read_text() == "https://example.com/older"
    tmux.keys("q")
    tmux.wait_exit()
