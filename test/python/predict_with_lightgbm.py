"""Verification only: loads a Candlecast model file with Python's lightgbm and predicts a matrix.

Usage: predict_with_lightgbm.py MODEL_FILE MATRIX_CSV  -> prints one prediction per line (repr, full precision).
"""
import sys

import lightgbm
import numpy as np

booster = lightgbm.Booster(model_file=sys.argv[1])
matrix = np.loadtxt(sys.argv[2], delimiter=",", ndmin=2)
for value in booster.predict(matrix):
    print(repr(float(value)))
