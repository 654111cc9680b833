#!/usr/bin/python3
# Drives ferry-p2v's GTK wizard for tests/test-p2v-gtk.sh, as a person
# would, and saves a screenshot of each page.  What it saw goes to FACTS,
# one "key=value" line each, for the test to check; it stops at the first
# thing that does not come in time (exit status 1, the reason on stderr).
#
# First the keyboard pass: a whole conversion, from the connection page
# to the end page, with nothing but key presses (xdotool, through XTEST:
# they go where a person's keys go, to the window with the focus):
# mnemonics, Tab, space, and Enter for the default button.  Meanwhile
# the accessibility tree (AT-SPI) is only read, to wait for what the
# wizard shows and to see where the focus is; an AT-SPI action then
# stops the driver.  Then the other scenarios, through AT-SPI actions on
# named widgets: the Network dialog, a changed host key, a wrong
# password, Identify, and a second conversion, cancelled.
#
# usage: p2v-gtk-driver.py FACTS SCREENS PORT DOWN-PORT STDERR -- COMMAND...
#   PORT       the conversion server's sshd
#   DOWN-PORT  a port where nothing listens
#   STDERR     where the wizard's standard error goes
# With FERRY_TEST_HOST_KEY (the sshd's host key file) and
# FERRY_TEST_OTHER_HOST_KEY (another key) in the environment, the driver
# also swaps the one for the other once the first is trusted, tests the
# connection, and puts the trusted key back.
import os
import shutil
import subprocess
import sys
import time

import pyatspi

facts_file, screens, port, down_port, stderr_file = sys.argv[1:6]
command = sys.argv[sys.argv.index("--") + 1:]
facts = open(facts_file, "w")
keyboard_only = False              # the keyboard pass runs
offscreen = []                     # windows seen not to fit the screen
unnamed = []                       # widgets a person can reach, unnamed


def fact(key, value):
    value = str(value).replace("\n", " | ")
    facts.write(f"{key}={value}\n")
    facts.flush()


def fail(why):
    fact("stopped", why)
    fact("offscreen", "; ".join(offscreen))
    fact("unnamed", "; ".join(unnamed))
    print(f"p2v-gtk-driver: {why}", file=sys.stderr)
    # What the screen showed then, beside the pages' screenshots.
    subprocess.run(["import", "-window", "root",
                    os.path.join(screens, "failed.png")])
    sys.exit(1)


# Generous waits: make check runs two test files at a time, and the
# wizard runs under ASan; a wait that ends early is a failure, not a
# measurement.
def wait_for(what, predicate, timeout=90, step=0.2):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            got = predicate()
        except Exception:          # the tree changes under us
            got = None
        if got:
            return got
        time.sleep(step)
    fail(f"timed out waiting for {what}")


def application():
    for app in pyatspi.Registry.getDesktop(0):
        if app is not None and app.name == "ferry-p2v-gtk":
            return app
    return None


def find(name, role=None, root=None):
    root = root or app
    return pyatspi.findDescendant(
        root, lambda a: a is not None and a.name == name and
        (role is None or a.getRoleName() == role))


def widget(name, role=None, timeout=90):
    return wait_for(f"the widget '{name}'", lambda: find(name, role),
                    timeout)


def text_of(acc):
    t = acc.queryText()
    return t.getText(0, t.characterCount)


def showing(acc):
    return acc.getState().contains(pyatspi.STATE_SHOWING)


# Actions through AT-SPI, refused during the keyboard pass.
def act(acc):
    if keyboard_only:
        fail("an AT-SPI action during the keyboard pass")
    acc.queryAction().doAction(0)


def set_text(name, text):
    if keyboard_only:
        fail("an AT-SPI action during the keyboard pass")
    widget(name).queryEditableText().setTextContents(text)


def set_value(name, value):
    if keyboard_only:
        fail("an AT-SPI action during the keyboard pass")
    widget(name, "spin button").queryValue().currentValue = float(value)


def press(name, role="push button", root=None):
    def usable(a):
        return (a is not None and a.name == name and
                a.getRoleName() == role and
                a.getState().contains(pyatspi.STATE_SENSITIVE) and
                showing(a))
    act(wait_for(f"'{name}' to be usable",
                 lambda: pyatspi.findDescendant(root or app, usable)))


# The keyboard: xdotool's events, and what has the focus.
def keys(*names):
    subprocess.run(["xdotool", "key", "--delay", "100", *names], check=True)
    time.sleep(0.3)


def type_text(text):
    subprocess.run(["xdotool", "type", "--delay", "50", text], check=True)
    time.sleep(0.3)


def focused():
    """The accessible name of the widget with the keyboard focus, in the
    wizard's active window ("?" when GTK does not say which: a drop-down's
    button); None when none of its windows is active."""
    for w in app:
        if w is not None and w.getState().contains(pyatspi.STATE_ACTIVE):
            a = pyatspi.findDescendant(
                w, lambda a: a is not None and
                a.getState().contains(pyatspi.STATE_FOCUSED))
            return a.name if a is not None and a.name else "?"
    return None


def wait_focus(what, predicate, timeout=30):
    return wait_for(f"the focus on {what}",
                    lambda: (lambda f: f if f and predicate(f) else None)
                    (focused()), timeout)


def tab():
    """Tab, and the new focus, once it moved (from a drop-down, after 3 s
    at most: to another, nothing tells)."""
    before = focused()
    keys("Tab")
    end = time.monotonic() + (3 if before == "?" else 15)
    while time.monotonic() < end:
        now = focused()
        if now != before:
            break
        time.sleep(0.1)
    return focused()


def tab_cycle():
    """Tab round the window, back to where the focus is: the stops."""
    start = focused()
    stops = []
    for _ in range(40):
        stop = tab()
        if stop == start:
            return ", ".join(stops)
        stops.append(stop)
    fail(f"Tab did not come back to '{start}'")


def status():
    return text_of(widget("Connection status", "label"))


def dialog(name, timeout=90):
    return wait_for(f"the dialog '{name}'",
                    lambda: next((w for w in app if w is not None and
                                  w.name == name), None), timeout)


screen = subprocess.run(["xdotool", "getdisplaygeometry"], check=True,
                        capture_output=True, text=True).stdout.split()
screen_w, screen_h = int(screen[0]), int(screen[1])


def screenshot(name):
    time.sleep(0.7)                # let GTK draw what just changed
    path = os.path.join(screens, name + ".png")
    subprocess.run(["import", "-window", "root", path], check=True)
    # Every window the wizard shows, on every page, is on the screen.
    for w in app:
        if w is None or not showing(w):
            continue
        e = w.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        if (e.x < 0 or e.y < 0 or e.x + e.width > screen_w or
                e.y + e.height > screen_h):
            offscreen.append(f"{name}: '{w.name}' {e.width}x{e.height}"
                             f"+{e.x}+{e.y}")
        # Every widget the focus can reach there has a name.
        for a in pyatspi.findAllDescendants(
                w, lambda a: a is not None and not a.name and
                showing(a) and
                a.getState().contains(pyatspi.STATE_FOCUSABLE)):
            unnamed.append(f"{name}: a {a.getRoleName()}")


gui = subprocess.Popen(command, stderr=open(stderr_file, "w"))
app = wait_for("the wizard on the accessibility bus", application, 180)
window = wait_for("the window", lambda: find("ferry-p2v", "frame"))
extents = window.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
fact("window", f"{extents.width}x{extents.height}")

# 1. The keyboard pass.  The connection page opens with the focus in
# Server.  A server that is down first: Enter tests the connection.
keyboard_only = True
fact("start_focus", wait_focus("Server", lambda f: f == "Server"))
keys("ctrl+a")
type_text("127.0.0.1")
keys("Tab")
wait_focus("Port", lambda f: f == "Port")
keys("ctrl+a")
type_text(down_port)
keys("Return")
wait_for("the message for a server that is down",
         lambda: status().startswith("Cannot use"))
fact("down", status())
screenshot("1-connection-down")
keys("alt+s")
wait_focus("Server", lambda f: f == "Server")
fact("tab_connection", tab_cycle())

# First contact: the fingerprint is shown.  Enter refuses it (the safe
# answer is the default); Alt+T trusts it.
keys("alt+p")
wait_focus("Port", lambda f: f == "Port")
keys("ctrl+a")
type_text(port)
keys("Return")
d = dialog("First connection")
fact("first_contact", " ".join(
    a.name for a in pyatspi.findAllDescendants(
        d, lambda a: a.getRoleName() == "label")))
screenshot("2-first-contact")
wait_for("the dialog active",
         lambda: d.getState().contains(pyatspi.STATE_ACTIVE))
fact("first_contact_focus", focused())
keys("Return")
wait_for("the refusal", lambda: status().startswith("Not connected"))
fact("refused", status())
wait_focus("Port again", lambda f: f == "Port")
keys("Return")
d = dialog("First connection")
wait_for("the dialog active",
         lambda: d.getState().contains(pyatspi.STATE_ACTIVE))
keys("alt+t")
wait_for("the connection", lambda: status().startswith("Connected"), 120)
fact("connected", status())
screenshot("3-connection")
keys("Return")                     # Next, the default once connected

# 2. The machine and its target: the focus in Name.
name = widget("Name")
wait_for("the machine page", lambda: showing(name))
fact("machine_focus", wait_focus("Name", lambda f: f == "Name"))
keys("ctrl+a")
type_text("gtkguest")
disk = wait_for("the disk sda", lambda: pyatspi.findDescendant(
    app, lambda a: a is not None and a.getRoleName() == "check box" and
    a.name.startswith("sda ")))
fact("disk", disk.name)
fact("disk_checked", disk.getState().contains(pyatspi.STATE_CHECKED))
output = widget("Output", "combo box")
fact("output", output.name + ":" + ",".join(
    c.name for c in pyatspi.findAllDescendants(
        output, lambda a: a.getRoleName() == "menu item")))
for field in ("Format", "Allocation"):
    combo = widget(field, "combo box")
    fact(field.lower(), ",".join(
        c.name for c in pyatspi.findAllDescendants(
            combo, lambda a: a.getRoleName() == "menu item")))
# sdb, a LUKS volume: its pre-flight warning; none beside sda.
sdb_warning = widget("Pre-flight sdb", "label")
wait_for("the pre-flight warning beside sdb",
         lambda: "LUKS" in text_of(sdb_warning))
fact("preflight", text_of(widget("Pre-flight sda", "label")))
fact("preflight_sdb", text_of(sdb_warning))
screenshot("4-machine")
fact("tab_machine", tab_cycle())
# Alt+D goes to the first disk, Tab to the next; space unticks sdb.
keys("alt+d")
wait_focus("sda", lambda f: f.startswith("sda "))
keys("Tab")
wait_focus("sdb", lambda f: f.startswith("sdb "))
sdb = wait_for("the disk sdb", lambda: pyatspi.findDescendant(
    app, lambda a: a is not None and a.getRoleName() == "check box" and
    a.name.startswith("sdb ")))
keys("space")
wait_for("sdb unticked and its warning gone",
         lambda: not sdb.getState().contains(pyatspi.STATE_CHECKED) and
         text_of(sdb_warning) == "", 30)
fact("preflight_sdb_unticked", text_of(sdb_warning))
# Enter, on the check box, starts the conversion (the default button).
keys("Return")

# 3. The conversion: a screenshot in the middle of the copy.
total = widget("Total progress", "progress bar")
fact("converting_focus",
     wait_focus("Cancel conversion", lambda f: f == "Cancel conversion"))
wait_for("the copy", lambda: 0.05 < total.queryValue().currentValue < 0.9,
         600, 0.1)
fact("mid_copy", total.queryValue().currentValue)
screenshot("5-converting")
outcome = widget("Outcome", "label")
wait_for("the end of the conversion", lambda: showing(outcome), 900, 1)
fact("outcome", text_of(outcome))
screenshot("6-finished")
for b in ("Reboot", "Power off"):
    fact(b.replace(" ", "").lower(), showing(widget(b, "push button")))
fact("end_focus", wait_focus("Back", lambda f: f == "Back"))
keyboard_only = False
fact("keyboard_pass", "done")

# 4. The rest, through AT-SPI: back to the connection page.
press("Back")
wait_for("the machine page again", lambda: showing(name))
press("Back")
wait_for("the connection page again",
         lambda: showing(widget("Server")))

# The Network dialog: a static address for eth0 (nmcli is a stand-in
# that records its arguments); a bad prefix is refused first, with the
# reason in the dialog.
press("Network…")
d = dialog("Network")
act(find("Static address", "radio button", d))
set_text("Address", "192.0.2.10")
set_text("Prefix length", "33")
set_text("Gateway", "192.0.2.1")
set_text("DNS servers", "192.0.2.53")
act(find("Apply", "push button", d))
message = find("Network message", "label", d)
wait_for("the refusal of a bad prefix",
         lambda: text_of(message).startswith("invalid prefix"))
fact("network_invalid", text_of(message))
set_text("Prefix length", "24")
screenshot("1b-network")
act(find("Apply", "push button", d))
wait_for("the network configured",
         lambda: status().startswith("Network:"), 30)
fact("network", status())
fact("network_dialogs", " ".join(
    w.name for w in app if w is not None and
    w.getRoleName() in ("dialog", "alert")))

# The server's key changes after it was trusted: refused, with no offer
# to trust the new one.
host_key = os.environ.get("FERRY_TEST_HOST_KEY")
other_key = os.environ.get("FERRY_TEST_OTHER_HOST_KEY")
if host_key and other_key:
    os.rename(host_key, host_key + ".trusted")
    shutil.copyfile(other_key, host_key)
    os.chmod(host_key, 0o600)
    press("Test connection")
    wait_for("the refusal of a changed key",
             lambda: status().startswith("Refused"), 120)
    fact("changed_key", status())
    time.sleep(1)                  # a dialog would be up by now
    fact("changed_key_dialogs", " ".join(
        w.name for w in app if w is not None and
        w.getRoleName() in ("dialog", "alert")))
    screenshot("3b-host-key-changed")
    os.replace(host_key + ".trusted", host_key)
    press("Test connection")
    wait_for("the connection with the trusted key",
             lambda: status().startswith("Connected"), 120)

# A wrong password (and no key): a message, and the wizard goes on.
identity = text_of(widget("Identity file"))
set_text("Identity file", "")
set_text("Password", "not the password")
press("Test connection")
wait_for("the message for a wrong password",
         lambda: status().startswith("Cannot use"), 120)
fact("wrong_password", status())
set_text("Password", "")
set_text("Identity file", identity)
press("Test connection")
wait_for("the connection again", lambda: status().startswith("Connected"),
         60)
press("Next")
wait_for("the machine page again", lambda: showing(name))

# Identify eth0: the button is insensitive while its LED blinks (the
# stand-in ethtool takes 2 s); the second time, ethtool fails, and
# says why beside the NIC.
identify = widget("Identify eth0", "push button")
identify_message = widget("Identify message for eth0", "label")
press("Identify eth0")
wait_for("Identify insensitive", lambda: not identify.getState().contains(
    pyatspi.STATE_SENSITIVE), 10, 0.05)
fact("identify_busy", True)
wait_for("Identify sensitive again", lambda: identify.getState().contains(
    pyatspi.STATE_SENSITIVE), 30)
fact("identify_message", text_of(identify_message))
press("Identify eth0")
wait_for("the message of a failed Identify",
         lambda: text_of(identify_message).startswith("cannot"), 30)
fact("identify_failed", text_of(identify_message))

# A second conversion, cancelled as soon as the server starts
# converting.
set_text("Name", "second")
set_text("Storage", "out2")
press("Start conversion")
log = widget("Log", "text")
wait_for("the server's appliance", lambda: "Starting the libguestfs "
         "appliance" in text_of(log), 300, 0.2)
# Enter in the dialog is the safe answer: the conversion goes on.
press("Cancel conversion")
d = dialog("Stop the conversion?")
wait_for("the dialog active",
         lambda: d.getState().contains(pyatspi.STATE_ACTIVE))
keys("Return")
wait_for("the dialog gone", lambda: not any(
    w is not None and w.name == "Stop the conversion?" for w in app), 30)
fact("cancel_enter", f"{text_of(widget('Conversion status', 'label'))} / "
     f"{showing(outcome)}")
press("Cancel conversion")
d = dialog("Stop the conversion?")
screenshot("7-cancel")
act(find("Stop", "push button", d))
wait_for("the end of the cancelled conversion",
         lambda: showing(outcome), 120)
fact("cancelled", text_of(outcome))
fact("after_cancel", " ".join(
    b for b in ("Back", "Reboot", "Power off")
    if any(showing(w) for w in pyatspi.findAllDescendants(
        app, lambda a: a.name == b and a.getRoleName() == "push button"))))
fact("offscreen", "; ".join(offscreen))
fact("unnamed", "; ".join(unnamed))

# SIGTERM ends the program at once.
gui.send_signal(15)
fact("exit", gui.wait(30))
