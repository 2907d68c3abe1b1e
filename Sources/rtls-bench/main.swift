print("rtls-bench")
