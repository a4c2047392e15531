"""Files of a landmark series and its angles: one module per format.

- :mod:`~screening.io.npz`: the tool's own ``.npz`` (saved with every analysis, read back exactly);
- :mod:`~screening.io.netcdf`: netCDF shaped like a ``movement`` poses dataset;
- :mod:`~screening.io.trc`: marker positions for OpenSim, Pose2Sim and Sports2D (``.trc``);
- :mod:`~screening.io.mot`: joint angles for OpenSim (``.mot``).
"""
