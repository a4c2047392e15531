"""Pinhole camera, lights and an offscreen OSMesa renderer (pyrender)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

os.environ.setdefault("PYOPENGL_PLATFORM", "osmesa")


@dataclass(frozen=True)
class Camera:
    """A pinhole camera looking from ``position_m`` at ``target_m`` (world z up).

    Attributes
    ----------
    width_px, height_px : int
        Image size (px).
    yfov_deg : float
        Vertical field of view (deg).
    position_m, target_m : tuple of float
        Camera centre and look-at point (m).
    """

    width_px: int
    height_px: int
    yfov_deg: float
    position_m: tuple[float, float, float]
    target_m: tuple[float, float, float]

    @property
    def focal_px(self) -> float:
        """Focal length (px), same for x and y (square pixels)."""
        return 0.5 * self.height_px / np.tan(np.deg2rad(self.yfov_deg) / 2)

    def rotation_world_to_cv(self) -> np.ndarray:
        """Rotation from world to OpenCV camera axes (x right, y down, z forward)."""
        eye = np.asarray(self.position_m, float)
        fwd = np.asarray(self.target_m, float) - eye
        fwd /= np.linalg.norm(fwd)
        right = np.cross(fwd, [0.0, 0.0, 1.0])
        right /= np.linalg.norm(right)
        down = np.cross(fwd, right)
        return np.stack([right, down, fwd])

    def world_to_camera(self) -> np.ndarray:
        """(4, 4) world -> OpenCV camera transform."""
        r = self.rotation_world_to_cv()
        m = np.eye(4)
        m[:3, :3] = r
        m[:3, 3] = -r @ np.asarray(self.position_m, float)
        return m

    def intrinsics(self) -> np.ndarray:
        """(3, 3) OpenCV intrinsic matrix, principal point at the image centre."""
        f = self.focal_px
        return np.array([[f, 0, self.width_px / 2], [0, f, self.height_px / 2], [0, 0, 1]])

    def project(self, points_m: np.ndarray) -> np.ndarray:
        """Project world points to pixels.

        Parameters
        ----------
        points_m : np.ndarray
            (..., 3) world points (m).

        Returns
        -------
        np.ndarray
            (..., 2) pixel coordinates, origin at the top-left corner, y down.
        """
        m = self.world_to_camera()
        p = points_m @ m[:3, :3].T + m[:3, 3]
        uv = p @ self.intrinsics().T
        return uv[..., :2] / uv[..., 2:3]

    def pose_gl(self) -> np.ndarray:
        """(4, 4) camera-to-world pose in OpenGL axes (x right, y up, z backward)."""
        r = self.rotation_world_to_cv()
        pose = np.eye(4)
        pose[:3, 0] = r[0]
        pose[:3, 1] = -r[1]
        pose[:3, 2] = -r[2]
        pose[:3, 3] = self.position_m
        return pose

    def to_dict(self) -> dict[str, Any]:
        """Camera parameters for the truth JSON."""
        return {
            "model": "pinhole, no distortion",
            "width_px": self.width_px,
            "height_px": self.height_px,
            "yfov_deg": self.yfov_deg,
            "position_m": list(self.position_m),
            "target_m": list(self.target_m),
            "fx_px": self.focal_px,
            "fy_px": self.focal_px,
            "cx_px": self.width_px / 2,
            "cy_px": self.height_px / 2,
            "world_to_camera_opencv": np.round(self.world_to_camera(), 6).tolist(),
        }


def look_from(
    azimuth_deg: float,
    distance_m: float,
    height_m: float,
    target_m: Sequence[float],
    size_px: tuple[int, int] = (720, 1280),
    yfov_deg: float = 55.0,
) -> Camera:
    """Camera on a circle around ``target_m``.

    Parameters
    ----------
    azimuth_deg : float
        Direction from the target to the camera, measured in the floor plane from
        the subject's front (``-y``) toward the subject's left (``+x``): 0 = front
        view, 90 = left side toward the camera, -90 = right side.
    distance_m : float
        Horizontal distance from the target (m).
    height_m : float
        Camera height above the floor (m).
    target_m : Sequence of float
        Look-at point (m).
    size_px : tuple of int
        (width, height) of the image (px).
    yfov_deg : float
        Vertical field of view (deg).

    Returns
    -------
    Camera
        The camera.
    """
    az = np.deg2rad(azimuth_deg)
    t = np.asarray(target_m, float)
    pos = (t[0] + distance_m * np.sin(az), t[1] - distance_m * np.cos(az), height_m)
    return Camera(size_px[0], size_px[1], yfov_deg, tuple(map(float, pos)), tuple(map(float, t)))


@dataclass(frozen=True)
class Lighting:
    """Lights and room colours of a render; the defaults are those of ``test_videos/``.

    Attributes
    ----------
    ambient : float
        Ambient light (0-1, same for R, G and B).
    key_intensity, fill_intensity : float
        Directional light intensities (pyrender units).
    key_azimuth_deg, key_elevation_deg : float
        Key light direction relative to the camera's view direction (deg); the fill
        light comes from the other side (azimuth ``-60``, elevation ``20``).
    background : tuple of int
        Background RGB (0-255).
    floor : tuple of int
        Floor RGB (0-255).
    """

    ambient: float = 0.35
    key_intensity: float = 2.5
    fill_intensity: float = 1.2
    key_azimuth_deg: float = 35.0
    key_elevation_deg: float = 45.0
    background: tuple[int, int, int] = (205, 210, 215)
    floor: tuple[int, int, int] = (150, 140, 125)


@dataclass(frozen=True)
class Box:
    """An axis-aligned box prop (m), e.g. a stool.

    Attributes
    ----------
    centre_m, size_m : tuple of float
        Centre and edge lengths (m).
    colour : tuple of int
        RGB (0-255).
    """

    centre_m: tuple[float, float, float]
    size_m: tuple[float, float, float]
    colour: tuple[int, int, int] = (120, 85, 60)


class Renderer:
    """Offscreen renderer of a room (floor, back light) with bodies and boxes.

    Parameters
    ----------
    camera : Camera
        View.
    boxes : Sequence of Box
        Static props.
    lighting : Lighting
        Lights, background and floor colours.
    """

    def __init__(self, camera: Camera, boxes: Sequence[Box] = (), lighting: Lighting | None = None) -> None:
        import pyrender
        import trimesh

        self._pyrender = pyrender
        self._trimesh = trimesh
        self.camera = camera
        light = lighting or Lighting()
        floor_colour = light.floor
        bg = np.array([*light.background, 255]) / 255
        self.scene = pyrender.Scene(bg_color=bg, ambient_light=np.full(3, light.ambient))
        cam = pyrender.PerspectiveCamera(
            yfov=np.deg2rad(camera.yfov_deg),
            aspectRatio=camera.width_px / camera.height_px,
            znear=0.05,
            zfar=50.0,
        )
        self.scene.add(cam, pose=camera.pose_gl())
        # Key light from the camera side and above, fill light from the other side.
        key_pose = self._light_pose(camera, light.key_azimuth_deg, light.key_elevation_deg)
        self.scene.add(pyrender.DirectionalLight(intensity=light.key_intensity), pose=key_pose)
        fill_pose = self._light_pose(camera, -60, 20)
        self.scene.add(pyrender.DirectionalLight(intensity=light.fill_intensity), pose=fill_pose)
        floor = trimesh.creation.box(extents=(30, 30, 0.02))
        floor.apply_translation((0, 0, -0.01))
        floor.visual.vertex_colors = np.array([*floor_colour, 255], np.uint8)
        self.scene.add(pyrender.Mesh.from_trimesh(floor, smooth=False))
        for b in boxes:
            m = trimesh.creation.box(extents=b.size_m)
            m.apply_translation(b.centre_m)
            m.visual.vertex_colors = np.array([*b.colour, 255], np.uint8)
            self.scene.add(pyrender.Mesh.from_trimesh(m, smooth=False))
        self.renderer = pyrender.OffscreenRenderer(camera.width_px, camera.height_px)
        self._nodes: list[Any] = []

    @staticmethod
    def _light_pose(camera: Camera, azimuth_deg: float, elevation_deg: float) -> np.ndarray:
        """Pose of a directional light shining toward the target from around the camera."""
        eye = np.asarray(camera.position_m, float)
        t = np.asarray(camera.target_m, float)
        d = t - eye
        d[2] = 0
        d /= np.linalg.norm(d)
        az, el = np.deg2rad(azimuth_deg), np.deg2rad(elevation_deg)
        c, s = np.cos(az), np.sin(az)
        d = np.array([c * d[0] - s * d[1], s * d[0] + c * d[1], 0.0])
        d = np.cos(el) * d + np.array([0, 0, -np.sin(el)])
        z = -d  # light shines along its -z
        x = np.cross([0, 0, 1.0], z)
        x /= np.linalg.norm(x)
        y = np.cross(z, x)
        pose = np.eye(4)
        pose[:3, :3] = np.stack([x, y, z], axis=1)
        return pose

    def render(
        self,
        meshes: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray]],
    ) -> np.ndarray:
        """Render one frame.

        Parameters
        ----------
        meshes : Sequence of tuple
            ``(vertices (V, 3) m, faces (F, 3), vertex colours (V, 4) uint8)``.

        Returns
        -------
        np.ndarray
            (height, width, 3) uint8 RGB image.
        """
        for node in self._nodes:
            self.scene.remove_node(node)
        self._nodes = []
        for v, f, c in meshes:
            tm = self._trimesh.Trimesh(v, f, vertex_colors=c, process=False)
            mesh = self._pyrender.Mesh.from_trimesh(tm, smooth=True)
            self._nodes.append(self.scene.add(mesh))
        colour, _ = self.renderer.render(self.scene)
        return np.ascontiguousarray(colour[:, :, :3])

    def close(self) -> None:
        """Release the OSMesa context."""
        self.renderer.delete()
