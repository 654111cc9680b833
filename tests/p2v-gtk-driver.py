#!/usr/bin/python3
# Drives ferry-p2v's GTK wizard through AT-SPI, as a person with a
# keyboard would, for tests/test-p2v-gtk.sh: finds widgets by their
# accessible names, types, activates, waits for what the wizard shows,
# and saves a screenshot of each page.  What it saw goes to FACTS, one
# "key=value" line each, for the test to check; it stops at the first
# thing that does not come in time (exit status 1, the reason on stderr).
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


def fact(key, value):
    value = str(value).replace("\n", " | ")
    facts.write(f"{key}={value}\n")
    facts.flush()


def fail(why):
    fact("stopped", why)
    print(f"p2v-gtk-driver: {why}", file=sys.stderr)
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


def set_text(name, text):
    widget(name).queryEditableText().setTextContents(text)


def press(name, role="push button"):
    def usable(a):
        return (a is not None and a.name == name and
                a.getRoleName() == role and
                a.getState().contains(pyatspi.STATE_SENSITIVE) and
                a.getState().contains(pyatspi.STATE_SHOWING))
    acc = wait_for(f"'{name}' to be usable",
                   lambda: pyatspi.findDescendant(app, usable))
    acc.queryAction().doAction(0)


def status():
    return text_of(widget("Connection status", "label"))


def dialog(name, timeout=90):
    return wait_for(f"the dialog '{name}'",
                    lambda: next((w for w in app if w is not None and
                                  w.name == name), None), timeout)


def screenshot(name):
    time.sleep(0.7)                # let GTK draw what just changed
    path = os.path.join(screens, name + ".png")
    subprocess.run(["import", "-window", "root", path], check=True)


def key(keysym):
    pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)


gui = subprocess.Popen(command, stderr=open(stderr_file, "w"))
app = wait_for("the wizard on the accessibility bus", application, 180)
window = wait_for("the window", lambda: find("ferry-p2v", "frame"))
extents = window.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
fact("window", f"{extents.width}x{extents.height}")

# 1. The connection.  A server that is down, tested with Enter (the
# default button) from the server field.
set_text("Server", "127.0.0.1")
widget("Port", "spin button").queryValue().currentValue = float(down_port)
server = widget("Server")
server.queryComponent().grabFocus()
wait_for("the focus in Server",
         lambda: server.getState().contains(pyatspi.STATE_FOCUSED))
key(0xff0d)                        # Return
wait_for("the message for a server that is down",
         lambda: status().startswith("Cannot use"))
fact("down", status())
screenshot("1-connection-down")

# The Network dialog: a static address for eth0 (nmcli is a stand-in
# that records its arguments); a bad prefix is refused first, with the
# reason in the dialog.
press("Network…")
d = dialog("Network")
find("Static address", "radio button", d).queryAction().doAction(0)
set_text("Address", "192.0.2.10")
set_text("Prefix length", "33")
set_text("Gateway", "192.0.2.1")
set_text("DNS servers", "192.0.2.53")
find("Apply", "push button", d).queryAction().doAction(0)
message = find("Network message", "label", d)
wait_for("the refusal of a bad prefix",
         lambda: text_of(message).startswith("invalid prefix"))
fact("network_invalid", text_of(message))
set_text("Prefix length", "24")
screenshot("1b-network")
find("Apply", "push button", d).queryAction().doAction(0)
wait_for("the network configured",
         lambda: status().startswith("Network:"), 30)
fact("network", status())
fact("network_dialogs", " ".join(
    w.name for w in app if w is not None and
    w.getRoleName() in ("dialog", "alert")))

# First contact: the fingerprint is shown; refusing it connects nothing.
widget("Port", "spin button").queryValue().currentValue = float(port)
press("Test connection")
d = dialog("First connection")
fact("first_contact", " ".join(
    a.name for a in pyatspi.findAllDescendants(
        d, lambda a: a.getRoleName() == "label")))
screenshot("2-first-contact")
find("Do not connect", "push button", d).queryAction().doAction(0)
wait_for("the refusal", lambda: status().startswith("Not connected"))
fact("refused", status())

# Again, trusting the key this time.
press("Test connection")
d = dialog("First connection")
find("Trust this key and connect", "push button", d).queryAction().doAction(0)
wait_for("the connection", lambda: status().startswith("Connected"), 120)
fact("connected", status())
screenshot("3-connection")

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

# 2. The machine and its target.
name = widget("Name")
wait_for("the machine page", lambda: name.getState().contains(
    pyatspi.STATE_SHOWING))
set_text("Name", "gtkguest")
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
fact("preflight", text_of(widget("Pre-flight sda", "label")))
# sdb, a LUKS volume: its pre-flight warning, then unticked.
sdb_warning = widget("Pre-flight sdb", "label")
wait_for("the pre-flight warning beside sdb",
         lambda: "LUKS" in text_of(sdb_warning))
fact("preflight_sdb", text_of(sdb_warning))
screenshot("4-machine")
sdb = wait_for("the disk sdb", lambda: pyatspi.findDescendant(
    app, lambda a: a is not None and a.getRoleName() == "check box" and
    a.name.startswith("sdb ")))
sdb.queryAction().doAction(0)
wait_for("sdb unticked and its warning gone",
         lambda: not sdb.getState().contains(pyatspi.STATE_CHECKED) and
         text_of(sdb_warning) == "", 30)
fact("preflight_sdb_unticked", text_of(sdb_warning))
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
press("Start conversion")

# 3. The conversion: a screenshot in the middle of the copy.
total = widget("Total progress", "progress bar")
wait_for("the copy", lambda: 0.05 < total.queryValue().currentValue < 0.9,
         600, 0.1)
fact("mid_copy", total.queryValue().currentValue)
screenshot("5-converting")
outcome = widget("Outcome", "label")
wait_for("the end of the conversion",
         lambda: outcome.getState().contains(pyatspi.STATE_SHOWING), 900, 1)
fact("outcome", text_of(outcome))
screenshot("6-finished")
for b in ("Reboot", "Power off"):
    fact(b.replace(" ", "").lower(),
         widget(b, "push button").getState().contains(pyatspi.STATE_SHOWING))

# Back to the machine page, and a second conversion, cancelled as soon
# as the server starts converting.
press("Back")
wait_for("the machine page again", lambda: name.getState().contains(
    pyatspi.STATE_SHOWING))
set_text("Name", "second")
set_text("Storage", "out2")
press("Start conversion")
log = widget("Log", "text")
wait_for("the server's appliance", lambda: "Starting the libguestfs "
         "appliance" in text_of(log), 300, 0.2)
press("Cancel conversion")
d = dialog("Stop the conversion?")
screenshot("7-cancel")
find("Stop", "push button", d).queryAction().doAction(0)
wait_for("the end of the cancelled conversion",
         lambda: outcome.getState().contains(pyatspi.STATE_SHOWING), 120)
fact("cancelled", text_of(outcome))
fact("after_cancel", " ".join(
    b for b in ("Back", "Reboot", "Power off")
    if any(w.getState().contains(pyatspi.STATE_SHOWING)
           for w in pyatspi.findAllDescendants(
               app, lambda a: a.name == b and
               a.getRoleName() == "push button"))))

# SIGTERM ends the program at once.
gui.send_signal(15)
fact("exit", gui.wait(30))
