print("rtlsd")
