print("rtls-sim")
