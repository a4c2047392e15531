"""Small scripts the dashboard runs in the browser: is there a camera, and film straight from a phone.

``app.py`` registers them as Streamlit components (``st.components.v2``); they send nothing
anywhere but back to this app, and only counts and flags (no device names or ids).
"""

from __future__ import annotations

# Reports ``{"cameras": n, "secure": bool}`` once: the number of video inputs the browser lists
# (0 when none, -1 when the page may not use cameras at all) and whether the page is a secure
# origin (browsers give camera access only on https:// or localhost).
CAMERA_PROBE_JS = """
export default async function(component) {
    const { setStateValue } = component;
    const secure = Boolean(window.isSecureContext);
    let cameras = -1;
    try {
        if (navigator.mediaDevices && navigator.mediaDevices.enumerateDevices) {
            const devices = await navigator.mediaDevices.enumerateDevices();
            cameras = devices.filter((d) => d.kind === "videoinput").length;
        }
    } catch (error) {
        cameras = -1;
    }
    setStateValue("probe", {cameras: cameras, secure: secure});
}
"""

# Marks the file input inside the element with CSS class ``st-key-<key>`` for direct filming:
# ``capture`` opens the phone's camera (back camera) instead of the file picker; desktops ignore it.
PHONE_CAPTURE_JS = """
export default function(component) {
    const key = component.data && component.data.key;
    if (!key) { return; }
    const mark = () => {
        document.querySelectorAll(`.st-key-${key} input[type=file]`).forEach((input) => {
            if (input.getAttribute("capture") !== "environment") { input.setAttribute("capture", "environment"); }
            if (input.getAttribute("accept") !== "video/*") { input.setAttribute("accept", "video/*"); }
        });
    };
    mark();
    const observer = new MutationObserver(mark);
    observer.observe(document.body, {subtree: true, childList: true, attributes: true,
                                     attributeFilter: ["capture", "accept"]});
    return () => observer.disconnect();
}
"""


def camera_message(probe: dict | None) -> str:
    """Return the app's message when the browser cannot give a camera ("" when it can, or while unknown).

    ``probe`` is what :data:`CAMERA_PROBE_JS` reported: ``{"cameras": n, "secure": bool}``.
    """
    if not probe:
        return ""
    if not probe.get("secure", True):
        return ("The browser allows the camera only over a secure connection: open the dashboard on this computer "
                "(localhost) or start it with `screening serve --lan` (HTTPS). Or film with the phone and upload.")
    cameras = int(probe.get("cameras", -1))
    if cameras == 0:
        return ("No camera found on this device. Film the movement with a phone instead: choose “Upload or film”, "
                "then “Film with this phone's camera”.")
    if cameras < 0:
        return ("This browser does not give the page access to cameras. Film the movement with a phone instead: "
                "choose “Upload or film”.")
    return ""
